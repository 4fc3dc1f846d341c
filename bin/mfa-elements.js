#!/usr/bin/env node
// `npx mfa-elements serve` and `npx mfa-elements conformance <base URL>`: a thin layer over main().
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
