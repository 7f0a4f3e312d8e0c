// The route table, in matching order: the first route whose pattern matches the path answers
// (or refuses a method it does not list with 405). A new route or page is one more entry. The pages
// for people are `/` and everything under `/browse/`, names Nix never asks for.
import type { Route } from "../route.js";
import { browseRoute } from "./browse.js";
import { cacheInfo } from "./cache-info.js";
import { listingRoute } from "./listing.js";
import { narDownload, narOther, narUpload } from "./nar.js";
import { narinfoRoute } from "./narinfo.js";
import { homePage } from "./page.js";
import { sideFiles } from "./side-files.js";

export const ROUTES: readonly Route[] = [homePage, browseRoute, cacheInfo, narinfoRoute, listingRoute, narDownload, narUpload, narOther, sideFiles];

export { narinfoText } from "./narinfo.js";
