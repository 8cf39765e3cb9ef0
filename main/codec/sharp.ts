/** sharp for the codec, with libvips' operation cache off: every codec file imports sharp from here. */
import sharp from 'sharp';

// Loading sharp turns libvips' process-wide operation cache on (sharp's own `cache(true)`), whichever
// thread loads it, and a cached JPEG load keeps its libjpeg decoder: for a progressive 4096x4096 JPEG
// that is a 50 MB coefficient buffer libvips does not count against the cache's memory cap, per request,
// up to 100 entries. The codec never decodes the same bytes twice, so the cache only ever holds memory.
sharp.cache(false);

export default sharp;
export type { Metadata, Sharp } from 'sharp';
