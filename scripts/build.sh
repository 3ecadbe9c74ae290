#!/usr/bin/env bash
# Build what the bot needs, each step only when its inputs changed:
#   build/spacy/isobot_en   the project's spaCy pipeline
#   build/spacy/isobot_es   the Spanish one the Spanish red-flag rules are matched with
#   build/domain/           domain.yml + responses generated from content/
#   models/isobot-<hash>    the trained Rasa model (hash of everything training reads)
# Prints the model path on the last line (nothing with --no-model: all but the model).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

hash_of() { cat "$@" | sha256sum | cut -c1-16; }

spacy_dir="build/spacy/isobot_en"
spacy_hash="$(hash_of scripts/build_spacy.py data/entities/ruler_patterns.yml constraints.txt)"
if [ "$(cat build/spacy/.hash 2>/dev/null)" != "$spacy_hash" ] || [ ! -f "$spacy_dir/meta.json" ]; then
  echo "Building the spaCy pipeline..." >&2
  rm -rf "$spacy_dir"
  python scripts/build_spacy.py "$spacy_dir" data/entities/ruler_patterns.yml >&2
  echo "$spacy_hash" > build/spacy/.hash
fi

spacy_es_dir="build/spacy/isobot_es"
spacy_es_hash="$(hash_of scripts/build_spacy.py isobot/text.py constraints.txt)"
if [ "$(cat build/spacy/.hash_es 2>/dev/null)" != "$spacy_es_hash" ] || [ ! -f "$spacy_es_dir/meta.json" ]; then
  echo "Building the Spanish spaCy pipeline..." >&2
  rm -rf "$spacy_es_dir"
  python scripts/build_spacy.py "$spacy_es_dir" --lang es >&2
  echo "$spacy_es_hash" > build/spacy/.hash_es
fi

python scripts/build_domain.py build/domain >&2
# `make test-fast`: unit tests read the spaCy pipelines and the domain, never a model (the
# tripwire in tests/markers.py fails one that does), so the fast loop never waits for training.
if [ "${1:-}" = "--no-model" ]; then
  exit 0
fi

# Of the code, only what training runs: the custom components in config.yml and the isobot modules
# they import (scripts/training_inputs.py). A channel, a store or the web server does not retrain.
# content/ reaches training through build/domain; the helper itself is hashed too.
training_code="$(python scripts/training_inputs.py config.yml)"  # its own line: a failure stops the build
inputs=(config.yml build/domain/domain.yml build/domain/content.yml safety/red_flags.yml safety/red_flags.es.yml
        safety/red_flag_net.yml safety/red_flag_examples.yml
        build/spacy/.hash build/spacy/.hash_es scripts/training_inputs.py $(find data -type f -name '*.yml' | sort)
        $training_code)
model_hash="$(hash_of "${inputs[@]}")"
model="models/isobot-$model_hash.tar.gz"
if [ ! -f "$model" ]; then
  echo "Training the model (1-2 minutes)..." >&2
  start=$(date +%s)
  if ! rasa train --config config.yml --domain build/domain --data data --out models \
       --fixed-model-name "isobot-$model_hash" > build/train.log 2>&1; then
    tail -n 60 build/train.log >&2
    echo "Training failed; the full log is build/train.log" >&2
    exit 1
  fi
  echo "Trained in $(( $(date +%s) - start )) s" >&2
  # Keep the three newest models; older ones are only disk.
  ls -1t models/isobot-*.tar.gz | tail -n +4 | xargs -r rm -f
fi
echo "$model"
