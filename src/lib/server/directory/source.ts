/** The directory's attribution (dl-de/by-2-0), for server code; defined in domain/ for the page frame. */
export * from '../../domain/directory-source';
