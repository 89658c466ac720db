-- 16 members replying to one thread at once: one wrk thread (one connection) per member, each
-- with its own session and CSRF cookie. bench/run.py writes POSTERS and PATH above this file.
local next_poster = 0

setup = function(thread)
  next_poster = next_poster + 1
  local poster = POSTERS[(next_poster - 1) % #POSTERS + 1]
  thread:set("cookie", "sessionid=" .. poster.session .. "; csrftoken=" .. poster.csrf)
  thread:set("form", "csrfmiddlewaretoken=" .. poster.csrf .. "&body=" .. BODY)
end

request = function()
  return wrk.format("POST", PATH, {
    ["Cookie"] = cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, form)
end
