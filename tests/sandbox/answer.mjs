// Shared by the sandbox's own tests: an HTTP answer with its body parsed when it is JSON.

export async function answerOf(res) {
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}
