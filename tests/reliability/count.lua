-- wrk script for tests/reliability: paced requests, per-status and per-version counts.
--
-- Each connection waits WRK_DELAY_MS (default 10) between requests, so the load is
-- steady and leaves CPU for the deploys on a small machine. The app answers
-- /version with the version's name; done() prints one summary line that run.sh
-- parses next to wrk's own "Non-2xx or 3xx responses" and "Socket errors" lines:
--   RELCOUNT ok=N bad=N statuses=200:N,502:N versions=v1:N,v2:N
local threads = {}
local pause = tonumber(os.getenv("WRK_DELAY_MS") or "10")

function setup(thread)
	table.insert(threads, thread)
end

function init(args)
	ok = 0
	bad = 0
	statuses = {}
	versions = {}
end

function delay()
	return pause
end

function response(status, headers, body)
	if status >= 200 and status < 300 then
		ok = ok + 1
		local v = body and body:match("^(%S+)") or "?"
		versions[v] = (versions[v] or 0) + 1
	else
		bad = bad + 1
	end
	statuses[status] = (statuses[status] or 0) + 1
end

local function join(t)
	local keys = {}
	for k in pairs(t) do table.insert(keys, k) end
	table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
	local parts = {}
	for _, k in ipairs(keys) do table.insert(parts, tostring(k) .. ":" .. t[k]) end
	return table.concat(parts, ",")
end

function done(summary, latency, requests)
	local tok, tbad, st, ver = 0, 0, {}, {}
	for _, t in ipairs(threads) do
		tok = tok + t:get("ok")
		tbad = tbad + t:get("bad")
		for k, v in pairs(t:get("statuses")) do st[k] = (st[k] or 0) + v end
		for k, v in pairs(t:get("versions")) do ver[k] = (ver[k] or 0) + v end
	end
	io.write(string.format("RELCOUNT ok=%d bad=%d statuses=%s versions=%s maxlat_ms=%.1f\n",
		tok, tbad, join(st), join(ver), latency.max / 1000))
end
