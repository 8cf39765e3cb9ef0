/** Lets components import their stylesheets (esbuild bundles the CSS). */
declare module '*.css';
