// Style sheets the build bundles as text (web/build.ts), for an island to put in the page.
declare module '*.css' {
  const text: string;
  export default text;
}
