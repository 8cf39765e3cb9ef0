-- wrk workload: POST a JSON tensor body ({"instances": [...]}).
-- Usage: wrk -s json.lua http://127.0.0.1:PORT/PATH -- BODY_FILE (the driver writes the body file)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function init(args)
  local file = assert(io.open(args[1], "rb"))
  wrk.body = file:read("*a")
  file:close()
end
