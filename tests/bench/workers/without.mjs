// Cold-start baseline: the same worker without the package.
export default {
  async fetch() {
    return new Response("token");
  },
};
