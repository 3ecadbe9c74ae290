# Sourced by the start scripts. private_data_dir DIR: create DIR (conversations, logs, secrets)
# for this user only, and take group and other access off whatever of ours is already in it:
# files written before `umask 077` was set (var/rasa.db and var/logs/*.log were 644 in a 755
# folder). Files of other users (the scaled profile's PostgreSQL data, owned by "postgres"
# when started as root) keep their own, already private, modes.
private_data_dir() {
  local dir="$1"
  mkdir -p "$dir"
  find "$dir" -user "$(id -u)" -perm /077 -exec chmod go-rwx {} +
}
