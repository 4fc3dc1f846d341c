/// <reference types="vite/client" />
// Types the mfa-* tags, their props and their events' details in templates.
import type {} from 'mfa-elements/vue';
