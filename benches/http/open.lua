-- wrk script: every request opens a new purchase request (one durable
-- write each). Ids are unique per thread and connection.
local counter = 0
local thread_id = 0

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  token = args[1]
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"center":"rhein-plant","actor":"anna","request":"L%s-%d","title":"Pallet wrap",' ..
    '"amount":{"amount":"1200.00","currency":"EUR"},"category":"consumables",' ..
    '"buy_class":"straight-rebuy","supplier":"Wrapco"}', id, counter)
  return wrk.format("POST", "/v1/buying/requests", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end

function response(status, headers, body)
  if status ~= 201 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
  end
end
