#!/usr/bin/env node
// The `allot` command: a committed, executable entry, so that npm links it (and git keeps its mode)
// before the TypeScript build has made dist/main.js.
import '../dist/main.js';
