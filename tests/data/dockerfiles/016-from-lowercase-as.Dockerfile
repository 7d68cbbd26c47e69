FROM node:20 as deps
FROM deps as build
