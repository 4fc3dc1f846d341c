/// <reference types="svelte" />
/// <reference types="vite/client" />
// Types the mfa-* tags, their attributes, properties and onmfa-* events in markup.
import type {} from 'mfa-elements/svelte';
