/**
 * The attribution the licence of the municipality directory requires (dl-de/by-2-0): named in
 * the footer of pages that show directory data, in the open data record and in the README.
 */
export const DIRECTORY_SOURCE = 'Quelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-Informationssystem GV-ISys, dl-de/by-2-0';
export const DIRECTORY_PUBLISHER = 'Statistisches Bundesamt (Destatis)';
export const DIRECTORY_TITLE = 'Gemeindeverzeichnis-Informationssystem GV-ISys';
export const DIRECTORY_LICENCE = 'Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)';
export const DIRECTORY_LICENCE_URL = 'https://www.govdata.de/dl-de/by-2-0';
