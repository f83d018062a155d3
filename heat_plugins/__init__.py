"""Plugins shipped with Heat: template formats, resource families and clouds."""
