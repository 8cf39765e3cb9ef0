-- wrk workload: POST a multipart form with the PNG in the field "image".
-- Usage: wrk -s multipart.lua http://127.0.0.1:PORT/PATH -- BODY_FILE (the driver writes the body file)
wrk.method = "POST"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=craneml-bench-boundary"

function init(args)
  local file = assert(io.open(args[1], "rb"))
  wrk.body = file:read("*a")
  file:close()
end
