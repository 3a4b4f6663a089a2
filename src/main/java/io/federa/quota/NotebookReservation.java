package io.federa.quota;

/** A notebook session's share of its team's notebook quota, held until the session ends. */
public record NotebookReservation(long id, String team, String username, String sessionRef) {}
