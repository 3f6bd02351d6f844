-- wrk: POST /api/v1/auth/login with the form the docs page's Authorize sends, spread over
-- the BENCH_LOGIN_USERS accounts "<BENCH_LOGIN_PREFIX>_<i>@example.com", account i from
-- X-Forwarded-For 10.97.0.i (the server trusts 127.0.0.1 as a proxy).
local prefix = os.getenv("BENCH_LOGIN_PREFIX")
local users = tonumber(os.getenv("BENCH_LOGIN_USERS"))
local password = os.getenv("BENCH_PASSWORD"):gsub(" ", "+")
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  counter = 0
end

function request()
  counter = counter + 1
  local i = (counter * 7 + id * 13) % users
  return wrk.format("POST", nil,
                    {["Content-Type"] = "application/x-www-form-urlencoded",
                     ["X-Forwarded-For"] = "10.97.0." .. i},
                    "username=" .. prefix .. "_" .. i .. "%40example.com&password=" .. password)
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("bench/auth: login answered " .. status .. ": " .. body .. "\n")
    os.exit(1)
  end
end
