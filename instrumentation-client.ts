// Runs in the browser before the app's own modules: zod must not probe for eval (its `new Function('')` test), which
// the CSP forbids; the probe's error is caught, but Chromium still reports it as a CSP violation on every page.
import { z } from 'zod';

z.config({ jitless: true });
