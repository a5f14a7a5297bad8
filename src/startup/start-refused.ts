/** A start refused for a reason the operator can fix; its message is the whole story (one line). */
export class StartRefused extends Error {}
