-- wrk workload: POST one body file with one content type, on every request.
-- Usage: wrk -s post-body.lua http://127.0.0.1:PORT/PATH -- BODY_FILE CONTENT_TYPE (the driver writes the body file)
wrk.method = "POST"

function init(args)
  local file = assert(io.open(args[1], "rb"))
  wrk.body = file:read("*a")
  file:close()
  wrk.headers["Content-Type"] = args[2]
end
