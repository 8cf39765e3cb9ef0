/** docker-modem's own HTTP client module (untyped): how many redirects it follows. */
declare module 'docker-modem/lib/http.js' {
  const modemHttp: { maxRedirects: number };
  export default modemHttp;
}
