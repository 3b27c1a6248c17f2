-- wrk script for .ci/bench: each thread (one connection each) saves its own answer of the demo
-- parent again and again, every time on the version the last save returned, so every request
-- is a real write. Conflicts and errors are counted and printed; the bench fails on any.
local questions = {"goes_well", "worries", "child_needs", "parent_needs"}
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  question = questions[((id - 1) % #questions) + 1]
  version = tonumber(args[1]) or 0
  seq = 0
  conflicts = 0
  errors = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Accept"] = "application/json"
end

function request()
  seq = seq + 1
  local body = "meeting=1&question=" .. question .. "&sharing=table&base_version=" .. version ..
    "&op=bench-" .. id .. "-" .. seq .. "&body=Tekst+voor+de+meting+" .. seq
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
    return
  end
  local v = body:match('"version":(%d+)')
  -- The first save of a thread may meet an answer the demo already holds: it learns the version.
  if body:find("Conflict") and seq > 1 then
    conflicts = conflicts + 1
  end
  if v then version = tonumber(v) end
end

function done(summary, latency, requests)
  local c, e = 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("conflicts")
    e = e + t:get("errors")
  end
  io.write(string.format("save_answer: %d conflicts, %d errors, %d non-2xx\n", c, e, summary.errors.status))
end
