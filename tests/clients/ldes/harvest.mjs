// Replicate an LDES with the standard client (npm ldes-client, unmodified) and print each member it
// emits as one JSON line: {"id", "timestamp", "isVersionOf", "nquads"}, in the order it emits them.
// Usage: node harvest.mjs URL [STATE_DIR]   (with STATE_DIR the client saves its state there and resumes from it)
import { replicateLDES, intoConfig, enhanced_fetch } from "ldes-client";
import { Writer } from "n3";

const [url, statePath] = process.argv.slice(2);
if (!url) {
  console.error("usage: node harvest.mjs URL [STATE_DIR]");
  process.exit(2);
}
// The tests run on loopback only: a request anywhere else (a member IRI under w3id.org, say) fails the run.
const offMachine = [];
const loopbackOnly = (input, init) => {
  const target = new URL(input instanceof Request ? input.url : String(input));
  if (!["127.0.0.1", "localhost", "[::1]"].includes(target.hostname)) {
    offMachine.push(target.href);
    return Promise.reject(new Error(`refused to fetch ${target.href}: not on loopback`));
  }
  return fetch(input, init);
};
const config = intoConfig({ url, statePath, polling: false, fetch: enhanced_fetch({}, loopbackOnly) });
const client = replicateLDES(config, "ascending");
client.on("error", (error) => {
  console.error("ldes-client error:", error);
  process.exitCode = 1;
});
const reader = client.stream({ highWaterMark: 10 }).getReader();
for (let result = await reader.read(); !result.done; result = await reader.read()) {
  const member = result.value;
  const nquads = new Writer({ format: "N-Quads" }).quadsToString(member.quads);
  process.stdout.write(JSON.stringify({
    id: member.id.value,
    timestamp: member.timestamp instanceof Date ? member.timestamp.toISOString() : member.timestamp ?? null,
    isVersionOf: member.isVersionOf ?? null,
    nquads,
  }) + "\n");
}
if (offMachine.length) {
  console.error(`the client tried to leave loopback: ${offMachine.join(", ")}`);
  process.exitCode = 1;
}
