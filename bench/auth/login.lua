-- wrk: POST /api/v1/auth/login with the bench user's form, as the docs page's Authorize does.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "username=" .. os.getenv("BENCH_EMAIL") .. "&password=" .. os.getenv("BENCH_PASSWORD")

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("bench/auth: login answered " .. status .. ": " .. body .. "\n")
    os.exit(1)
  end
end
