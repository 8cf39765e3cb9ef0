/**
 * Draws the app icon (a crane lifting a box: a model shipped in a container) from one SVG with
 * sharp: assets/icons/icon.png (1024 px, which electron-builder turns into .icns and .ico) and
 * the Linux sizes assets/icons/<n>x<n>.png. Usage: node bin/tsx.js scripts/make-icons.ts
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const OUT = fileURLToPath(new URL('../assets/icons/', import.meta.url));
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];

export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1024 1024">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#2f6fdf"/><stop offset="1" stop-color="#173d8c"/>
    </linearGradient>
  </defs>
  <rect x="32" y="32" width="960" height="960" rx="200" fill="url(#sky)"/>
  <g fill="none" stroke="#ffffff" stroke-linecap="round" stroke-linejoin="round">
    <path d="M330 860 V250 M430 860 V250" stroke-width="36"/>
    <path d="M330 800 L430 700 L330 600 L430 500 L330 400 L430 300" stroke-width="20"/>
    <path d="M150 250 H880 M380 250 V140 M380 140 L170 250 M380 140 L860 250" stroke-width="32"/>
    <path d="M780 250 V470" stroke-width="14"/>
    <path d="M250 900 H510" stroke-width="44"/>
  </g>
  <rect x="150" y="262" width="110" height="90" rx="10" fill="#9fb8e8"/>
  <path d="M760 470 h40 v26 a20 20 0 0 1 -40 0 z" fill="#ffffff"/>
  <rect x="640" y="540" width="280" height="210" rx="24" fill="#ffb52e"/>
  <g stroke="#173d8c" stroke-width="20" stroke-linecap="round">
    <path d="M710 580 V710 M780 580 V710 M850 580 V710"/>
  </g>
</svg>`;

await mkdir(OUT, { recursive: true });
const svg = Buffer.from(ICON_SVG);
await sharp(svg, { density: 300 }).resize(1024, 1024).png().toFile(path.join(OUT, 'icon.png'));
for (const size of LINUX_SIZES)
  await sharp(svg, { density: 300 })
    .resize(size, size)
    .png()
    .toFile(path.join(OUT, `${size}x${size}.png`));
console.log(`wrote ${OUT}icon.png and ${LINUX_SIZES.length} Linux sizes`);
