"""Try the detector from a shell: python -m isobot.safety.cli "my legs keep giving way"."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from isobot.safety.detector import RedFlagDetector
from isobot.settings import RED_FLAG_RULES, SPACY_PIPELINE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("messages", nargs="+")
    parser.add_argument("--rules", default=str(RED_FLAG_RULES))
    parser.add_argument("--spacy", default=str(SPACY_PIPELINE))
    args = parser.parse_args()
    detector = RedFlagDetector.from_paths(args.spacy, args.rules)
    for message in args.messages:
        finding = detector.detect(message)
        print(json.dumps({"message": message, "escalation": finding.escalation, **asdict(finding)}, indent=1))


if __name__ == "__main__":
    main()
