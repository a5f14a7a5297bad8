// V8 settings the service runs with (`npm start`, the compose file, the tests' and
// benchmarks' service processes). Node cannot change them once started, so they are
// command-line flags; a test keeps package.json and the Dockerfile (which docker-compose.yml runs) in step with this.
//
// --max-semi-space-size=32 (MiB; Node 20's default is 16): every commit adds events that
// stay in memory (state, nonces, Merkle nodes), so much of the young generation survives
// each scavenge, and on a ledger of 100k agents a scavenge paused the main thread for
// 4-7 ms often enough to set the decision latency's p99 (5.3-5.9 ms at depth 10). With
// 32 MiB, scavenges are half as frequent and p99 fell to about 3 ms; p99.9 still shows them.
export const SERVICE_V8_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
