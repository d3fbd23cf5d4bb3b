-- The wrk script of load.sh: every request comes from files that harness.py
-- prepared in $LOAD_DIR, in a fixed mix of ten:
--   4 new documents (POST /v1/submissions, 201),
--   2 replays of stored documents (POST /v1/submissions, 200),
--   1 validation (POST /v1/submissions/validate, 200),
--   2 receipts (GET /v1/submissions/{id}, 200),
--   1 latest (GET /v1/organizations/{siren}/submissions/latest, 200).
-- With LOAD_MIX=submit, every request is a new document.
-- Thread t sends the new documents of lines t, t + T, t + 2T… of new.tsv,
-- each once (past the last one, its new documents become replays), so that
-- which documents were sent is known: `done` writes, per thread, how many it
-- sent to $LOAD_DIR/issued.txt, and the answers counted by status and the
-- latency percentiles to $LOAD_DIR/wrk.txt.

local dir = os.getenv("LOAD_DIR")
local token = os.getenv("REGISTRY_TOKEN")
local siren = os.getenv("REGISTRY_SIREN")
local thread_count = tonumber(os.getenv("LOAD_THREADS"))

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

-- Lines of "key<TAB>document" of `path`, those whose 0-based index passes `keep`.
local function read_documents(path, keep)
  local rows = {}
  local index = 0
  for line in io.lines(path) do
    if keep(index) then
      local key, body = line:match("^(%x+)\t(.*)$")
      assert(key, "malformed line in " .. path)
      rows[#rows + 1] = { key = key, body = body }
    end
    index = index + 1
  end
  return rows
end

local function submission(row)
  return wrk.format("POST", "/v1/submissions", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = row.key,
  }, row.body)
end

local function validation(row)
  return wrk.format("POST", "/v1/submissions/validate", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, row.body)
end

local function get(path)
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

-- LOAD_MIX=submit: new documents only (throughput.sh's submit-only runs).
local plan = { "new", "replay", "new", "receipt", "validate", "new", "replay", "receipt", "new", "latest" }
if os.getenv("LOAD_MIX") == "submit" then plan = { "new" } end
local own, own_rows, seeded, seeded_rows, receipts, latest
local step = 0
issued = 0
statuses = {}

function init(args)
  own_rows = read_documents(dir .. "/new.tsv", function(i) return i % thread_count == id end)
  seeded_rows = read_documents(dir .. "/seeded.tsv", function() return true end)
  own, seeded, receipts = {}, {}, {}
  for i, row in ipairs(own_rows) do own[i] = submission(row) end
  for i, row in ipairs(seeded_rows) do seeded[i] = submission(row) end
  for line in io.lines(dir .. "/receipts.txt") do
    receipts[#receipts + 1] = get("/v1/submissions/" .. line)
  end
  latest = get("/v1/organizations/" .. siren .. "/submissions/latest")
  math.randomseed(1000 + id)
end

function request()
  step = step % #plan + 1
  local kind = plan[step]
  if kind == "new" and #own > 0 then
    issued = issued + 1
    return own[(issued - 1) % #own + 1]
  elseif kind == "replay" then
    -- Half the replays are of documents stored before the run, half of
    -- documents this thread sent during it.
    if issued > 0 and math.random(2) == 1 then
      return own[(math.random(issued) - 1) % #own + 1]
    end
    return seeded[math.random(#seeded)]
  elseif kind == "validate" then
    if issued > 0 and math.random(2) == 1 then
      return validation(own_rows[(math.random(issued) - 1) % #own_rows + 1])
    end
    return validation(seeded_rows[math.random(#seeded_rows)])
  elseif kind == "receipt" then
    return receipts[math.random(#receipts)]
  end
  return latest
end

function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency)
  local totals = {}
  local issued_file = assert(io.open(dir .. "/issued.txt", "w"))
  for _, thread in ipairs(threads) do
    issued_file:write(string.format("%d %d\n", thread:get("id"), thread:get("issued")))
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  issued_file:close()
  local out = assert(io.open(dir .. "/wrk.txt", "w"))
  local seconds = summary.duration / 1e6
  out:write(string.format("requests %d\n", summary.requests))
  out:write(string.format("seconds %.3f\n", seconds))
  out:write(string.format("requests_per_second %.1f\n", summary.requests / seconds))
  out:write(string.format("bytes %d\n", summary.bytes))
  for _, kind in ipairs({ "connect", "read", "write", "timeout" }) do
    out:write(string.format("socket_errors_%s %d\n", kind, summary.errors[kind]))
  end
  for status, count in pairs(totals) do
    out:write(string.format("status_%d %d\n", status, count))
  end
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    out:write(string.format("latency_p%s_ms %.2f\n", tostring(p), latency:percentile(p) / 1000))
  end
  out:write(string.format("latency_mean_ms %.2f\n", latency.mean / 1000))
  out:write(string.format("latency_max_ms %.2f\n", latency.max / 1000))
  out:close()
end
