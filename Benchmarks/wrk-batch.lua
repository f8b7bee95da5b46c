-- wrk script: POST /v1/batch with 100 unique track messages per request, drawn from a
-- realistic mix of users and events, so every request does a full write (no duplicates).
-- Usage: wrk -t2 -c4 -d15s -s Benchmarks/wrk-batch.lua http://127.0.0.1:PORT  (write key in WRITE_KEY)
local counter = 0
local thread_id = 0
local events = {"app_open", "view_item", "view_item", "view_item", "search", "add_to_cart", "checkout", "purchase"}
local key = os.getenv("WRITE_KEY") or "wk_bench"

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Basic " .. base64(key .. ":")
end

function base64(data)
  local b = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
  return ((data:gsub(".", function(x)
    local r, byte = "", x:byte()
    for i = 8, 1, -1 do r = r .. (byte % 2 ^ i - byte % 2 ^ (i - 1) > 0 and "1" or "0") end
    return r
  end) .. "0000"):gsub("%d%d?%d?%d?%d?%d?", function(x)
    if #x < 6 then return "" end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == "1" and 2 ^ (6 - i) or 0) end
    return b:sub(c + 1, c + 1)
  end) .. ({"", "==", "="})[#data % 3 + 1])
end

function request()
  local parts = {}
  for i = 1, 100 do
    counter = counter + 1
    local user = (counter * 7919) % 100000
    local event = events[(counter % #events) + 1]
    parts[i] = string.format(
      '{"type":"track","userId":"u%d","event":"%s","messageId":"wrk-%d-%d","properties":{"category":"books"}}',
      user, event, tid, counter)
  end
  return wrk.format(nil, "/v1/batch", nil, '{"batch":[' .. table.concat(parts, ",") .. ']}')
end
