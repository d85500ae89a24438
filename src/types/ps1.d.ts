// PowerShell scripts are bundled as text: esbuild's `.ps1` loader is 'text', and under mocha
// test/ps1Loader.js makes `require('x.ps1')` return the file's text.
declare module '*.ps1' {
  const text: string;
  export default text;
}
