"""What a member is told about their own posts: in the app, and by e-mail when enabled."""
