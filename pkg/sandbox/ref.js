// A pointer from one record to another, rendered by records.js as the target's nested shape (or
// as {gid, resource_type} plus the sub-fields named in opt_fields). Records of the generic types
// store Refs directly; the core types store gids and their field getters make the Refs.

export class Ref {
  constructor(type, gid, brief = false) {
    Object.assign(this, { type, gid, brief });
  }
}
