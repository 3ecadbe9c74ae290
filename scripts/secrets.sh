# Sourced by run scripts. ensure_secret VAR: keep $VAR if set; else read var/secrets/VAR;
# else generate one, store it (mode 600) and print it once. Hex, so it never starts with '-'
# (rasa's argparse would take such a value for an option; the scripts also pass --opt=VALUE).
ensure_secret() {
  local name="$1" dir="$DATA_DIR/secrets"
  if [ -n "${!name:-}" ]; then export "$name"; return; fi
  mkdir -p "$dir" && chmod 700 "$dir"
  if [ ! -s "$dir/$name" ]; then
    (umask 077 && python -c 'import secrets; print(secrets.token_hex(24))' > "$dir/$name")
    echo "Generated $name (shown once; stored in $dir/$name): $(cat "$dir/$name")"
  fi
  export "$name=$(cat "$dir/$name")"
}
