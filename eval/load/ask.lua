-- wrk script: POST /v1/ask, cycling over questions about the seed documents; prints requests,
-- throughput, p50/p95/p99 latency and errors (connection, timeout and non-2xx/3xx responses).
-- Usage, with `citeqa serve --port 8765` running on the seeds:
--   wrk -t1 -c1 -d30s --timeout 30s -s eval/load/ask.lua http://127.0.0.1:8765
--   wrk -t2 -c8 -d30s --timeout 30s -s eval/load/ask.lua http://127.0.0.1:8765
local questions = {
  "What CR rate did ziftomenib reach in NPM1-mutant AML?",
  "What was the median PFS with milademetan?",
  "What was the two-year overall survival with blinatumomab in infants?",
  "What was the CRc rate after one cycle of Lipo-MIT plus CLAG?",
  "Which mutations should not be used as MRD markers?",
  "What is the capital of France?",
}
local i = 0
request = function()
  i = i % #questions + 1
  local body = '{"question": "' .. questions[i] .. '"}'
  return wrk.format("POST", "/v1/ask", {["Content-Type"] = "application/json"}, body)
end
done = function(summary, latency, requests)
  io.write(string.format("requests=%d seconds=%.1f rps=%.2f p50_ms=%.0f p95_ms=%.0f p99_ms=%.0f errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status))
end
