// Used only while the shared tree does not build (another change in progress): skips the dist build.
export default function noSetup(): void {}
