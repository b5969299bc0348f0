ALTER TABLE `datasets` ADD `import_owner` text;--> statement-breakpoint
ALTER TABLE `datasets` ADD `import_lease_until` integer;