/**
 * docker-modem follows HTTP redirects with requests nobody listens to: a name like "a/../../x" makes
 * the daemon answer 301 to a cleaned path, the modem then asks the host "x" (or any host written in
 * the name) and that request's DNS or connection error is thrown outside every caller, killing the
 * process. The Docker API never needs a redirect, so none is followed: the 301 is the caller's error.
 * Imported, not required through createRequire: the compiled CLI carries docker-modem in its chunks
 * (main/bundling/cli-dependencies.ts), and an import reaches that same copy of the module.
 */
import modemHttp from 'docker-modem/lib/http.js';

modemHttp.maxRedirects = 0;
