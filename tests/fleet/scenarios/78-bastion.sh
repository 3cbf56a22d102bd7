# shellcheck shell=bash disable=SC2016,SC2154,SC2034
# A deploy through the bastion to an air-gapped fleet (ssh.proxy: ProxyJump).
# sextant's SSH client gets ProxyJump with issue 7: until `sextant ssh` has -J
# this is skipped (and not counted); once it does, deploys must honour
# ssh.proxy and this counts.
if ! "$SEXTANT" ssh --help 2>&1 | grep -qE '^[[:space:]]+-J[[:space:]]'; then
	skip "deploy through the air-gapped bastion" "sextant's SSH client has no ProxyJump yet ('sextant ssh --help': Not yet: ProxyJump (-J)); ssh.proxy is not honoured"
else
	check "fleet switched to air-gapped (app hosts only through the bastion)" "$FLEET" up 3 --air-gapped
	check_not "... app1 is unreachable directly" sh -c "curl -fsS --max-time 2 http://$A1/up"
	CFG_PROXY="root@$FLEET_BASTION"
	config_write
	check "deploy --skip-push --version v1 -r web through the bastion" sx deploy --skip-push --version v1 -r web
	CFG_PROXY=""
	config_write
	check "fleet switched back to direct" "$FLEET" up 3 --direct
	for h in app1 app2; do
		check "$h: fleet-app-web-v1 runs (deployed through the bastion)" running "$h" fleet-app-web-v1
	done
	check_eq "app1 answers v1" v1 version_at "$A1"
	check "the deploy lock is gone" lock_gone app1
	check "back to v2 directly" sx deploy --skip-push --version v2 -r web
fi
