-- POST /api/v1/events: one qr.scan of a new person with an e-mail address, a fresh eventId each time
local counter = 0
tid = 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  math.randomseed(os.time() + tid * 7919)
  prefix = string.format("%d-%d-%d", os.time(), tid, math.random(1, 1000000000))
  key = os.getenv("KEY")
  store = os.getenv("STORE")
  occurred = os.getenv("OCCURRED")
end
function request()
  counter = counter + 1
  local id = prefix .. "-" .. counter
  local body = '{"eventId":"' .. id .. '","type":"qr.scan","occurredAt":"' .. occurred .. '","store":"' .. store ..
    '","identifiers":{"anonymousId":"a' .. id .. '","email":"bench-' .. id .. '@example.com"},' ..
    '"properties":{"placement":"window-poster","url":"https://shop.example.com/spring"}}'
  return wrk.format("POST", "/api/v1/events",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}, body)
end
bad = 0
function response(status, headers, body)
  if status ~= 201 then bad = bad + 1 end
end
function done(summary, latency, requests)
  local errs = 0
  for _, t in ipairs(threads) do errs = errs + t:get("bad") end
  io.write(string.format("non-201: %d\n", errs))
end
