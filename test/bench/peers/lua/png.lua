-- wrk workload: POST the PNG itself as the body.
-- Usage: wrk -s png.lua http://127.0.0.1:PORT/PATH -- BODY_FILE (the driver writes the body file)
wrk.method = "POST"
wrk.headers["Content-Type"] = "image/png"

function init(args)
  local file = assert(io.open(args[1], "rb"))
  wrk.body = file:read("*a")
  file:close()
end
