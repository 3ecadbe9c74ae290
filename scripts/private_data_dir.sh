# Sourced by the start scripts. private_data_dir DIR: create DIR (conversations, logs, secrets)
# for this user only, and take group and other access off whatever is already in it: files
# written before `umask 077` was set (var/rasa.db and var/logs/*.log were 644 in a 755 folder).
private_data_dir() {
  local dir="$1"
  mkdir -p "$dir"
  chmod -R go-rwx "$dir"
}
