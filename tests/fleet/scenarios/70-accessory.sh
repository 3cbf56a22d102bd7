# shellcheck shell=bash disable=SC2016,SC2154,SC2034
# An accessory with files (one plain, one ERB) and directories, booted on app3.
CFG_ACCESSORY=1
config_write
check "accessory boot all" sx accessory boot all
check_log "... Kamal's steps" "$LOG" "mkdir -p \$PWD/fleet-app-cache/data" "Uploading fleet-app-cache/etc/cache.conf" \
	"chmod 755 fleet-app-cache/etc/cache.conf" "docker run --name fleet-app-cache --detach --restart unless-stopped --network kamal"
check "app3: fleet-app-cache runs" running app3 fleet-app-cache
check_eq "app3: its service label" fleet-app-cache label app3 fleet-app-cache service
check_eq "app3: the file was uploaded" "maxmemory 1mb" on app3 cat fleet-app-cache/etc/cache.conf
check_eq "app3: ... with mode 755 (Kamal's default chmod)" 755 mode_of app3 fleet-app-cache/etc/cache.conf
check_eq "app3: the ERB file was rendered" "service fleet-app, port 8080" on app3 cat fleet-app-cache/etc/motd
check "app3: the directory exists" on app3 test -d fleet-app-cache/data
check_eq "app3: the accessory env file is mode 600" 600 mode_of app3 .kamal/apps/fleet-app/env/accessories/cache.env
check_eq "app3: ... and holds the secret" "SECRET_TOKEN=e2e-s3cr3t" on app3 cat .kamal/apps/fleet-app/env/accessories/cache.env
check_eq "app3: the files and directory are mounted" \
	"$(printf '%s\n' /root/fleet-app-cache/data:/data /root/fleet-app-cache/etc/cache.conf:/etc/cache.conf /root/fleet-app-cache/etc/motd:/etc/motd)" \
	on app3 "docker inspect -f '{{range .HostConfig.Binds}}{{println .}}{{end}}' fleet-app-cache | grep . | sort"
check_eq "the accessory answers on its published port" cache version_at "$A3:8080"
check "app3: audit log has the boot" audit_has app3 fleet-app 'Booted cache accessory$'
check "the deploy lock is gone" lock_gone app1
check "accessory boot cache again: skipped, a container exists" sx accessory boot cache
check_log "... says so" "$LOG" "Skipping booting \`cache\` on $A3, a container already exists"
check "accessory details cache" sx accessory details cache
check_log "... under its own header" "$LOG" "Accessory cache Host: $A3" "fleet-app-cache"
check "accessory exec cache (new container)" sx accessory exec cache 'busybox cat /etc/cache.conf /etc/motd'
check_log "... sees the files" "$LOG" "Launching command from new container..." "maxmemory 1mb" "service fleet-app, port 8080"
check "accessory exec --reuse cache" sx accessory exec --reuse cache 'busybox ls /data'
check_log "... in the running container" "$LOG" "docker exec fleet-app-cache busybox ls /data"
check "accessory exec -i --reuse cache (the system ssh)" sx accessory exec -i --reuse cache 'busybox echo acc-ok' </dev/null
check_log "... answered" "$LOG" "Launching interactive command via SSH from existing container..." "acc-ok"
check "accessory logs cache" sx accessory logs cache -n 5
check_log "... the accessory's log" "$LOG" "fleet-app cache listening on :8080"
check "accessory details nope: Kamal's error, exit 0" sx accessory details nope
check_log "... the message" "$LOG" "No accessory by the name of 'nope' (options: cache)"
check "accessory reboot cache" sx accessory reboot cache
check_log "... pulls, stops, removes and boots again" "$LOG" "docker image pull $FLEET_REGISTRY/fleet/app:v3" \
	"docker container stop fleet-app-cache" "docker container prune --force --filter label=service=fleet-app-cache"
check "app3: fleet-app-cache runs again" running app3 fleet-app-cache
