"""Appeals: a decision contested by its author or a reporter, decided by another moderator."""
