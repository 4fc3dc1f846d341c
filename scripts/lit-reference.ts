// What the elements use of lit, to measure lit's share of a bundle (scripts/size.ts).
export { LitElement, css, html, nothing } from 'lit';
