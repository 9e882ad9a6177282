// A valid call of each catalogue operation (exampleCalls(SEED)) and the raw HTTP request for one
// (httpRequestOf): pkg/sandbox/examples.js, re-exported for this repository's tests.
export * from "../../pkg/sandbox/examples.js";
