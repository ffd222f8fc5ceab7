// The file chooser (the browser desk's own, or the system's through the contract).
export { ChooserHost, pick } from './Chooser';
