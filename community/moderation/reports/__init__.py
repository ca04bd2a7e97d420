"""Reports: a member signals a published post, which goes back to the moderators' queue."""
