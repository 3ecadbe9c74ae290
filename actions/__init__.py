"""Custom actions, one concern per module. rasa_sdk registers every concrete Action subclass."""
