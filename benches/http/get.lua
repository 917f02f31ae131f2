-- wrk script: every request reads one purchase request with its history.
function init(args)
  token = args[1]
  path = args[2]
end

function request()
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
  end
end
