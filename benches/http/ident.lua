-- wrk script: every request checks one identifier (a compute request).
function init(args)
  token = args[1]
end

function request()
  return wrk.format("POST", "/v1/compute/ident/check", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, '{"id":"SE556043606401"}')
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
  end
end
